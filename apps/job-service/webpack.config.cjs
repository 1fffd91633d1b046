const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = {
  // commonjs2 so the embedded launcher can require the bundle and call its exported bootstrap().
  output: {
    path: join(__dirname, '../../dist/apps/job-service'),
    clean: true,
    library: { type: 'commonjs2' },
  },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      // Type errors are the typecheck target's job; the bundle step only transpiles.
      skipTypeChecking: true,
      sourceMap: true,
    }),
  ],
};
