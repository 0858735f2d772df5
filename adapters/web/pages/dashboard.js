// Dashboard (directors and province-wide users): the statistics of a
// quarter or a year for one office or all (docs/reports.md), the charts
// the server draws (SVG images), and the submission calendar of the
// provincial notice: the next deadline and the periods still unreported.
// Address: #/dashboard?period=2025Q3&office=...
import {ApiError, get} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {t} from '../i18n.js';
import {localTime} from '../format.js';

export const CHARTS = ['received-closed', 'backlog', 'on-time', 'recovered'];

// The quarter before the one `today` is in: "2025Q3" on any day of 2025Q4.
export function previousQuarter(today = new Date()) {
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  return quarter === 1 ? `${today.getFullYear() - 1}Q4` : `${today.getFullYear()}Q${quarter - 1}`;
}

// The last eight quarters and the last two years, newest first.
function periodChoices(chosen) {
  const today = new Date();
  const choices = [];
  let year = today.getFullYear();
  let quarter = Math.floor(today.getMonth() / 3) + 1;
  for (let i = 0; i < 8; i += 1) {
    choices.push(`${year}Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  choices.push(String(today.getFullYear()), String(today.getFullYear() - 1));
  if (!choices.includes(chosen)) choices.unshift(chosen);
  return choices;
}

function reportQuery(period, office) {
  const query = new URLSearchParams({period});
  if (office) query.set('office', office);
  return query.toString();
}

function figure(key, value, extra) {
  return h('div', {class: 'summary-item', 'data-figure': key},
    h('dt', {class: 'summary-label'}, t(`report_${key}`)),
    h('dd', {}, String(value), extra ? h('span', {class: 'muted'}, ` ${extra}`) : null));
}

function ratioText(ratio) {
  return ratio.denominator ? `${ratio.percent} (${ratio.numerator}/${ratio.denominator})` : '—';
}

function figures(report) {
  const closedBy = report.closed_by || {};
  const days = report.working_days_to_closure || {};
  const aid = report.legal_aid || {};
  return h('section', {class: 'panel', 'aria-labelledby': 'figures-title'},
    h('h2', {id: 'figures-title'}, t('report_figures', {period: report.period})),
    h('p', {class: 'muted'}, t('report_as_of', {first: report.first_day, last: report.last_day,
      as_of: localTime(report.as_of)})),
    h('dl', {class: 'case-facts report-figures', id: 'report-figures'},
      figure('pending_at_start', report.pending_at_start),
      figure('received', report.received),
      figure('closed', report.closed),
      ['mediated', 'awarded', 'withdrawn', 'rejected', 'referred', 'other'].map((outcome) =>
        figure(`closed_${outcome}`, closedBy[outcome] ?? 0)),
      figure('pending_at_end', report.pending_at_end),
      figure('collective_cases', report.collective_cases),
      figure('workers_involved', report.workers_involved),
      figure('mediation_success_rate', ratioText(report.mediation_success_rate)),
      figure('on_time_rate', ratioText(report.on_time_rate)),
      figure('overdue_now', report.overdue_now),
      figure('median_working_days', days.median ?? 0, t('report_of_cases', {n: days.counted ?? 0})),
      figure('p90_working_days', days.p90 ?? 0),
      figure('amount_claimed', report.amount_claimed.yuan),
      figure('amount_recovered', report.amount_recovered.yuan),
      figure('legal_aid_consultations', aid.consultations ?? 0),
      figure('legal_aid_applications', aid.applications ?? 0),
      figure('legal_aid_granted', aid.granted ?? 0),
      figure('legal_aid_refused', aid.refused ?? 0),
      figure('legal_aid_referrals', aid.referrals_to_arbitration ?? 0)),
    breakdown('report_by_region', report.by_region),
    breakdown('report_by_industry', report.by_industry));
}

function breakdown(titleKey, groups) {
  const rows = Object.entries(groups || {});
  if (!rows.length) return null;
  return h('div', {class: 'table-wrap'},
    h('table', {class: 'report-table'},
      h('caption', {}, t(titleKey)),
      h('thead', {}, h('tr', {},
        ['report_group', 'report_received', 'report_closed', 'report_amount_claimed', 'report_amount_recovered']
          .map((key) => h('th', {scope: 'col'}, t(key))))),
      h('tbody', {}, rows.map(([group, tally]) => h('tr', {},
        h('th', {scope: 'row'}, group),
        h('td', {}, String(tally.received)),
        h('td', {}, String(tally.closed)),
        h('td', {}, tally.amount_claimed.yuan),
        h('td', {}, tally.amount_recovered.yuan))))));
}

function charts(period, office) {
  return h('section', {class: 'panel', 'aria-labelledby': 'charts-title'},
    h('h2', {id: 'charts-title'}, t('report_charts')),
    h('div', {class: 'report-charts'}, CHARTS.map((name) => {
      const src = `/api/reports/charts/${name}.svg?${reportQuery(period, office)}`;
      return h('figure', {class: 'diagram-frame'},
        h('img', {src, alt: t(`chart_${name}`), class: 'diagram report-chart', 'data-chart': name, decoding: 'async'}),
        h('figcaption', {}, h('a', {href: src, target: '_blank', rel: 'noopener'}, t(`chart_${name}`))));
    })));
}

function statusText(status) {
  if (status.submitted) {
    return t(status.submitted.late ? 'submission_done_late' : 'submission_done',
      {by: status.submitted.by, at: status.submitted.at});
  }
  return status.late ? t('submission_late') : t('submission_open');
}

function submissions(calendar) {
  const next = calendar.next;
  return h('section', {class: 'panel', 'aria-labelledby': 'submissions-title', id: 'submission-calendar'},
    h('h2', {id: 'submissions-title'}, t('submission_title')),
    next ? h('p', {id: 'next-submission'}, t('submission_next', {
      period: next.period, day: next.last_day}),
    next.provisional ? h('span', {class: 'muted'}, ` ${t('submission_provisional')}`) : null) : null,
    h('p', {id: 'unreported'}, calendar.unreported.length
      ? t('submission_unreported', {periods: calendar.unreported.map((s) => s.period).join('、')})
      : t('submission_none_unreported')),
    h('div', {class: 'table-wrap'},
      h('table', {class: 'report-table'},
        h('thead', {}, h('tr', {}, ['submission_period', 'submission_last_day', 'submission_status']
          .map((key) => h('th', {scope: 'col'}, t(key))))),
        h('tbody', {}, [...calendar.periods].reverse().map((status) => h('tr', {class: status.late ? 'late' : null},
          h('th', {scope: 'row'}, status.period),
          h('td', {}, status.last_day, status.provisional ? ` ${t('submission_provisional')}` : ''),
          h('td', {}, statusText(status))))))));
}

function chooser(context, period, office) {
  const periodId = uid('period');
  const officeId = uid('office');
  const periodSelect = h('select', {id: periodId, name: 'period'},
    periodChoices(period).map((p) => h('option', {value: p, selected: p === period}, p)));
  const officeInput = context.session.province_wide
    ? h('input', {id: officeId, name: 'office', value: office, placeholder: t('report_all_offices')})
    : null;
  return h('form', {
    class: 'filters',
    onsubmit: (event) => {
      event.preventDefault();
      const query = new URLSearchParams({period: periodSelect.value});
      if (officeInput?.value) query.set('office', officeInput.value.trim());
      context.navigate(`#/dashboard?${query}`);
    },
  },
  h('div', {class: 'field'}, h('label', {for: periodId}, t('report_period')), periodSelect),
  officeInput ? h('div', {class: 'field'}, h('label', {for: officeId}, t('filter_office')), officeInput) : null,
  h('button', {type: 'submit', class: 'button-primary'}, t('report_show')));
}

export async function render(context) {
  const period = context.query.get('period') || previousQuarter();
  const office = context.session.province_wide
    ? context.query.get('office') || ''
    : context.session.office || '';
  replace(context.main, h('p', {class: 'loading'}, t('loading')));
  let report;
  let calendar;
  try {
    [report, calendar] = await Promise.all([
      get(`/api/reports?${reportQuery(period, office)}`),
      get(`/api/reports/submissions${office ? `?office=${encodeURIComponent(office)}` : ''}`),
    ]);
  } catch (error) {
    // A mistyped office has no report of zeros: say so, and keep the
    // chooser to type it again.
    if (!(error instanceof ApiError) || !String(error.problem?.type || '').endsWith(':no-such-office')) {
      throw error;
    }
    replace(context.main,
      h('div', {class: 'page-head'}, h('h1', {}, t('dashboard_title'))),
      chooser(context, period, office),
      h('p', {class: 'form-message', role: 'alert', id: 'unknown-office'},
        t('report_unknown_office', {office}), ' ',
        h('span', {class: 'muted'}, t('refused_server_words', {detail: error.message}))));
    return;
  }
  replace(context.main,
    h('div', {class: 'page-head'},
      h('h1', {}, t('dashboard_title')),
      h('p', {class: 'intro'}, office ? t('dashboard_office', {office}) : t('dashboard_all_offices'))),
    chooser(context, period, office),
    submissions(calendar),
    figures(report),
    h('p', {}, h('a', {href: `/api/reports?${reportQuery(period, office)}&format=csv`, download: `report-${period}.csv`},
      t('report_download_csv'))),
    charts(period, office));
}
