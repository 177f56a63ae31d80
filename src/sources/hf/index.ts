export { createHuggingFaceSource, MAX_SEARCH_LENGTH, type HuggingFaceSourceOptions } from './client.js';
export { cleanText, stripVersion, type FetchContext } from './normalize.js';
export { cleanUrl } from '../../core/safe-url.js';
