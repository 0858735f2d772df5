// The engine explains each due date in English ("5 working_days after
// 2025-01-24 (start day not counted): 2025-01-26 (Sun) is a make-up working
// day; 2025-01-28..2025-02-04 public holidays skipped; ...; due 2025-02-07
// (Fri)"). In Chinese the same sentence is rebuilt phrase by phrase; a text
// with any phrase this does not know is shown as the engine wrote it.

const WEEKDAYS = {Mon: '周一', Tue: '周二', Wed: '周三', Thu: '周四', Fri: '周五', Sat: '周六', Sun: '周日'};
const DATE = '(\\d{4}-\\d{2}-\\d{2})';
const DAY = `${DATE} \\((Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\)`;
const TIME = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2})?(?:[+-]\\d{2}:\\d{2}|Z)?)';

const day = (date, weekday) => `${date}（${WEEKDAYS[weekday]}）`;

function length(amount, unit) {
  if (unit === 'working_days') return `${amount} 个工作日`;
  if (unit === 'hours') return `${amount} 小时`;
  return `${amount} 日`;
}

// [pattern, replacement] in the order they must be tried.
const PHRASES = [
  [new RegExp(`(\\d+) (days|working_days) after ${DATE} \\(start day not counted\\)`, 'g'),
    (_, n, unit, date) => `自 ${date} 起 ${length(n, unit)}（起算日不计）`],
  [new RegExp(`(\\d+) hours after ${TIME}`, 'g'), (_, n, time) => `自 ${time} 起 ${n} 小时`],
  [new RegExp(` lands on ${DAY}`, 'g'), (_, date, weekday) => `，届满日为 ${day(date, weekday)}`],
  [new RegExp(`${DAY} is a make-up working day`, 'g'), (_, date, weekday) => `${day(date, weekday)}为调休上班日`],
  [new RegExp(`${DATE}\\.\\.${DATE} public holidays skipped`, 'g'), (_, a, b) => `跳过法定节假日 ${a} 至 ${b}`],
  [new RegExp(`${DAY} public holiday skipped`, 'g'), (_, date, weekday) => `跳过法定节假日 ${day(date, weekday)}`],
  [new RegExp(`${DATE}\\.\\.${DATE} weekend days skipped`, 'g'), (_, a, b) => `跳过周末 ${a} 至 ${b}`],
  [new RegExp(`${DAY} weekend day skipped`, 'g'), (_, date, weekday) => `跳过周末 ${day(date, weekday)}`],
  [/(\d+) weekend days? skipped/g, (_, n) => `跳过周末 ${n} 天`],
  [/rolled forward to the next working day/g, () => '顺延至下一个工作日'],
  [/year (\d+) is not listed in calendar ([\w-]+), judged by weekends only/g,
    (_, year, calendar) => `日历 ${calendar} 未列出 ${year} 年，仅按周末判断`],
  [new RegExp(`resumed with (\\d+) hours left: due ${TIME}`, 'g'), (_, n, time) => `恢复时尚余 ${n} 小时：截止 ${time}`],
  [new RegExp(`due ${DAY}, provisional`, 'g'), (_, date, weekday) => `截止 ${day(date, weekday)}（暂定）`],
  [new RegExp(`due ${DAY}`, 'g'), (_, date, weekday) => `截止 ${day(date, weekday)}`],
  [new RegExp(`: due ${TIME}`, 'g'), (_, time) => `：截止 ${time}`],
  [/; extended by (\d+) (days|working_days|hours)(: )?/g,
    (_, n, unit, colon) => `；延长 ${length(n, unit)}${colon ? '：' : ''}`],
  [/: /g, () => '：'],
  [/; /g, () => '；'],
];

// The Chinese form of an explanation, or null when it has a phrase not
// known here.
export function explanationInChinese(text) {
  let result = text;
  for (const [pattern, replacement] of PHRASES) result = result.replace(pattern, replacement);
  // Instants and calendar names (cn-mainland) are shown as they are.
  const leftover = result
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?/g, '')
    .replace(/日历 [\w-]+ 未列出/g, '');
  return /[A-Za-z]{2,}/.test(leftover) ? null : result;
}
