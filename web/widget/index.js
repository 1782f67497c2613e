// poolgrad/widget: importing this module defines <pool-grad> (once) and does nothing else.
import { PoolGrad } from './element.js';

if (!customElements.get('pool-grad')) customElements.define('pool-grad', PoolGrad);

export { PoolGrad, PoolGrad as PoolGradElement };
