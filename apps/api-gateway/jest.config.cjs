module.exports = {
  displayName: 'api-gateway',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
