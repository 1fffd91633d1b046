module.exports = {
  displayName: 'http-kit',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
