// Helper of decide_vs_xstate.sh (item 2): the reference workflow
// (reference.yaml) as an xstate 5 machine, run as an actor (one per life:
// createActor(...).start(), then the events), or with `pure` with xstate's
// pure functions initialTransition/transition (5.19 and later), which were
// about 6 times slower than the actor here (docs/performance.md), so the
// actor is the baseline. Each life: the initial snapshot (the case opens),
// accept, mediate, fail_mediation, award (guard claim_amount <= 50000): 5
// steps. Prints one number on stdout: steps per second over LIVES lives.
//   node xstate_reference.mjs LIVES [pure]
import * as xstate from 'xstate';

const lives = Number(process.argv[2]);
if (!(lives > 0)) {
  console.error('usage: node xstate_reference.mjs LIVES');
  process.exit(2);
}

const machine = xstate.createMachine({
  id: 'bench-reference',
  initial: 'intake',
  context: ({ input }) => ({ worker_name: input.worker_name, claim_amount: input.claim_amount }),
  states: {
    intake: { on: { accept: 'accepted', reject: 'rejected' } },
    accepted: { on: { mediate: 'mediation' } },
    mediation: { on: { fail_mediation: 'hearing' } },
    hearing: {
      on: {
        award: { target: 'awarded', guard: ({ context }) => context.claim_amount <= 5000000 },
      },
    },
    awarded: { type: 'final' },
    rejected: { type: 'final' },
  },
});

const claimFen = (life) => ((life * 7919) % 60000 + 1) * 100;  // as msm_runner.h
const events = [{ type: 'accept' }, { type: 'mediate' }, { type: 'fail_mediation' },
  { type: 'award' }];
const pure = process.argv[3] === 'pure';
if (pure && typeof xstate.transition !== 'function') {
  console.error('this xstate has no pure transition()');
  process.exit(2);
}

let awarded = 0;
const start = process.hrtime.bigint();
for (let life = 0; life < lives; ++life) {
  const input = { worker_name: '张三', claim_amount: claimFen(life) };
  if (pure) {
    let [snapshot] = xstate.initialTransition(machine, input);
    for (const event of events) [snapshot] = xstate.transition(machine, snapshot, event);
    if (snapshot.value === 'awarded') ++awarded;
  } else {
    const actor = xstate.createActor(machine, { input }).start();
    for (const event of events) actor.send(event);
    if (actor.getSnapshot().value === 'awarded') ++awarded;
    actor.stop();
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(Math.round((5 * lives) / seconds));
console.error(`xstate ${pure ? 'pure transition()' : 'actor'}: ${lives} lives in ` +
  `${seconds.toFixed(3)} s, ${awarded} awarded`);
