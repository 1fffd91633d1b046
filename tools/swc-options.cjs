// How SWC compiles the workspace's TypeScript, for the tests (jest.preset.js) and the bundles
// (tools/webpack/node-app.config.cjs) alike: legacy decorators with metadata, which Nest's DI needs.
module.exports = function swcOptions({ sourceMaps }) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps,
  };
};
