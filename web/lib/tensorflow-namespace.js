// tensorflow-namespace.js: the `tensorflow` export of index.js, one frozen object, so the
// TensorFlow-convention functions sit beside (not among) the PyTorch ones.
import { avgPool, avgPoolGrad, maxPool, maxPoolGrad, maxPoolWithArgmax } from './tensorflow.js';

export const tensorflow = Object.freeze({ maxPool, avgPool, maxPoolWithArgmax, maxPoolGrad, avgPoolGrad });
