module.exports = {
  displayName: 'thread-pool',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
