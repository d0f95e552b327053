import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
console.log(tf.getBackend(), tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'));
const B = 500;
const x = tf.randomUniform([B, 28, 28, 1]);
const w1 = tf.randomNormal([5,5,1,6]); const w3 = tf.randomNormal([5,5,6,16]);
const x3 = tf.randomUniform([B, 14, 14, 6]);
for (let rep = 0; rep < 2; rep++) {
let t0 = performance.now();
for (let i = 0; i < 20; i++) tf.tidy(() => tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same').dataSync());
console.log('c1 x10000', performance.now()-t0);
t0 = performance.now();
for (let i = 0; i < 20; i++) tf.tidy(() => tf.conv2d(x3 as tf.Tensor4D, w3 as tf.Tensor4D, 1, 'valid').dataSync());
console.log('c3 x10000', performance.now()-t0);
t0 = performance.now();
for (let i = 0; i < 20; i++) tf.tidy(() => tf.avgPool(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same').relu() as tf.Tensor4D, 2, 2, 'valid').dataSync());
console.log('c1+relu+pool x10000', performance.now()-t0);
}
