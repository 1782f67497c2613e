// A module-resolution hook for the tests only: tfjs-core's Node bundle (dist/tf-core.node.js)
// carries no gradient functions; they live in its ES-module files (dist/gradients/*.js), whose
// relative imports omit the '.js' extension Node's ES-module loader needs. This hook adds it, so
// the tests can load tfjs's own register_all_gradients.js and run tf.grad as tfjs defines it.
// (tfjs keeps its engine and registries on globalThis, so the ES-module files and the Node bundle
// share one engine.)
export async function resolve(specifier, context, next) {
  const inTfjsCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/');
  if (inTfjsCore && specifier.startsWith('.') && !/\.[cm]?js$/.test(specifier)) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}
