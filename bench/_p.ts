import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { pca2Fast, reduceDims, covariance, topEigen, principalAxes, projectOnAxes } from '/work/h14/src/shared/explain/pca-fast.ts';
import { pca2 } from '/work/h14/src/shared/explain/pca.ts';
await tf.setBackend('wasm'); await tf.ready();
const T = (l: string, f: () => unknown) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const r = f(); const c = process.cpuUsage(c0); console.log(l, 'wall', (performance.now() - t0).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0)); return r; };
for (const d of [1600, 120]) {
  const n = 10000;
  const data = new Float32Array(n * d).map((_, i) => Math.max(0, Math.sin(i * 0.37) + ((i * 7919) % 13) / 13 - 0.5));
  for (let r = 0; r < 2; r++) {
    T(`${d} pca2Fast`, () => pca2Fast(data, n, d));
    const p = T(`${d} axes`, () => principalAxes(data, n, d, 2)) as ReturnType<typeof principalAxes>;
    T(`${d} project`, () => projectOnAxes(data, n, d, p, 2));
    if (d < 200) {
      const c = T(`${d} cov`, () => covariance(data, n, d, new Float64Array(d))) as Float64Array;
      T(`${d} eig2`, () => topEigen(c, d, 2));
      T(`${d} eig32`, () => topEigen(c, d, 32));
      T(`${d} pure`, () => pca2(data, n, d));
    }
    T(`${d} reduce32`, () => reduceDims(data, n, d, 32));
  }
}
