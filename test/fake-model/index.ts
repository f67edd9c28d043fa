// Entry point for tests: the fake model server and everything needed to configure it.
export * from './fakeModelServer';
export type { Outcome, StopType } from './output';
export { renderGoTemplate, type TemplateVars } from './goTemplate';
export { fullyQualified, withTag } from './modelCatalog';
export { SERVER_BUSY, OLLAMA_STREAM_ERROR } from './errorShapes';
