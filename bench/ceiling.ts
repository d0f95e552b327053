/**
 * What K = 2 workers could reach on this machine with nothing in series: the time of a training
 * step on a whole batch of 64 alone, against a share of 32 computed while a second process computes
 * another share of 32 at the same moment (tfjs-wasm with the project's kernels, in Node, one process
 * per "worker"). A data-parallel step can be no faster than its shares, so
 * `ceiling = t(64 alone) / t(32, two at once)`; `contention = t(32, two at once) / t(32 alone)` says
 * how much slower each core computes while the other one computes too.
 *
 * `npx tsx bench/ceiling.ts [--rounds 3] [--steps 200]`; `npm run bench` runs it with the cores.
 * A child (`--child <batches> <steps> <startAt>`, batches as `64,32`) warms up, waits for the
 * wall-clock `startAt` (so that two children time the same interval), times its steps for each
 * batch size in turn and prints `ms/step` for each; it fails if it was not ready by `startAt`.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { median } from './lib.ts';

export interface Ceiling {
  /** Two cores' throughput on a plain arithmetic loop (no memory traffic) against one: ~2 if the cores are whole. */
  readonly arithmetic2vs1: number;
  readonly ms64: number;
  readonly ms32: number;
  readonly ms32Together: number;
  readonly ceiling: number;
  readonly contention: number;
  readonly rounds: number;
}

const SELF = fileURLToPath(import.meta.url);

/** A step of arithmetic on a few registers: no memory traffic, so two cores should run it 2× as fast as one. */
function spin(): number {
  let a = 1.0001;
  let s = 0;
  for (let i = 0; i < 200_000; i++) {
    s += a * 0.9999;
    a = a * 1.0000001 + 1e-9;
  }
  return s;
}

async function child(batches: number[], steps: number, startAt: number): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { initNodeBackend } = await import('../scripts/tf-node.ts');
  const { variantSpec } = await import('../src/shared/model/variants.ts');
  const { trainTask } = await import('../src/shared/train/core.ts');
  const { syntheticStep } = await import('./train-step.ts');
  await initNodeBackend('wasm');
  const task = trainTask('modern');
  const model = variantSpec('modern').create(1);
  const optimizer = tf.train.adam(0.001);
  const stepOf = (batch: number) => (batch === 0 ? spin : syntheticStep(model, optimizer, task, batch));
  const runs = batches.map(stepOf);
  for (const step of runs) for (let i = 0; i < 20; i++) step();
  if (Date.now() > startAt) throw new Error('not warmed up by the common start: raise START_MS');
  while (Date.now() < startAt) await new Promise((r) => setTimeout(r, Math.min(20, startAt - Date.now())));
  for (const step of runs) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    console.log(`ms/step ${((performance.now() - t0) / steps).toFixed(4)}`);
  }
}

/** Time for a child to start tsx, tfjs and wasm and warm up, before the common start. */
const START_MS = 6_000;

/** Runs one child per entry at once (each entry: its batch sizes, timed in turn); their ms/step. */
function together(children: number[][], steps: number): Promise<number[][]> {
  const startAt = Date.now() + START_MS;
  return Promise.all(
    children.map(
      (batches) =>
        new Promise<number[]>((resolve, reject) => {
          const args = ['--import', 'tsx', SELF, '--child', batches.join(), String(steps), String(startAt)];
          const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          p.stdout.on('data', (d: Buffer) => (out += d.toString()));
          p.on('exit', (code) => {
            const ms = [...out.matchAll(/ms\/step (\S+)/g)].map((m) => Number(m[1]));
            if (code === 0 && ms.length === batches.length) resolve(ms);
            else reject(new Error(`ceiling child (${batches.join()}) failed: ${out}`));
          });
        }),
    ),
  );
}

/** Medians of `rounds` rounds: arithmetic, 64 and 32 alone in one child, then arithmetic and 32 in two at once. */
export async function measureCeiling(rounds = 3, steps = 200): Promise<Ceiling> {
  const [a, b, c, s1, s2]: [number[], number[], number[], number[], number[]] = [[], [], [], [], []];
  for (let r = 0; r < rounds; r++) {
    // Batch "0" is the arithmetic loop. Each child times its entries in turn, from the common start.
    const [[spin1, alone64, alone32]] = (await together([[0, 64, 32]], steps)) as [[number, number, number]];
    const [p, q] = (await together(
      [
        [0, 32],
        [0, 32],
      ],
      steps,
    )) as [[number, number], [number, number]];
    s1.push(spin1);
    a.push(alone64);
    b.push(alone32);
    // A data-parallel step waits for its slower share.
    s2.push(Math.max(p[0], q[0]));
    c.push(Math.max(p[1], q[1]));
  }
  const [ms64, ms32, ms32Together] = [median(a), median(b), median(c)];
  return {
    arithmetic2vs1: (2 * median(s1)) / median(s2),
    ms64,
    ms32,
    ms32Together,
    ceiling: ms64 / ms32Together,
    contention: ms32Together / ms32,
    rounds,
  };
}

export const ceilingLine = (c: Ceiling) =>
  `| K = 2 ceiling with nothing in series (Node, tfjs-wasm, one process per share; medians of ${c.rounds}): a step of 64 alone / a share of 32 while another computes | ${c.ms64.toFixed(2)} / ${c.ms32Together.toFixed(2)} ms = **${c.ceiling.toFixed(2)}×** (a share of 32 alone ${c.ms32.toFixed(2)} ms: two at once run ${c.contention.toFixed(2)}× slower, where two loops of plain arithmetic run ${c.arithmetic2vs1.toFixed(2)}× one's throughput) |`;

if (process.argv[1] === SELF) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      child: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      steps: { type: 'string', default: '200' },
    },
  });
  if (values.child) {
    const [batches = '', steps, startAt] = positionals;
    await child(batches.split(',').map(Number), Number(steps), Number(startAt));
  } else {
    const c = await measureCeiling(Number(values.rounds), Number(values.steps));
    console.log(JSON.stringify(c));
    console.log(ceilingLine(c));
  }
}
