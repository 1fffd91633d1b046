module.exports = {
  displayName: 'promises',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
