/** The interactive explorer (ink): the App, its loader for files, and the pure model behind it. */
export { App, type AppProps } from './components/App.js';
export { fileLoader, type FileLoaderOptions } from './loader.js';
export type { ExplorerData, ExplorerFinding, Loader } from './model/types.js';
export { KEY_BINDINGS, MARKS } from './model/help.js';
