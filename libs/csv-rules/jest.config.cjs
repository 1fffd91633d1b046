module.exports = {
  displayName: 'csv-rules',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
