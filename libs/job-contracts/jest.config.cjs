module.exports = {
  displayName: 'job-contracts',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
