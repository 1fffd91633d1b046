module.exports = {
  displayName: 'csv-worker',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
