// The one webpack configuration of the Node services: TypeScript through SWC (with Nest's decorator
// metadata), workspace libs bundled in, npm packages left external and listed in a generated package.json
// so a container installs only what its service really uses.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const nodeExternals = require('webpack-node-externals');
const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');
const swcOptions = require('../swc-options.cjs');

const workspaceRoot = resolve(__dirname, '../..');

/** Writes dist/<app>/package.json with the exact versions (from the root package.json) of the externals the bundle uses. */
class GeneratePackageJsonPlugin {
  constructor(name, runtimeDependencies) {
    this.name = name;
    this.runtimeDependencies = runtimeDependencies;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap('GeneratePackageJsonPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'GeneratePackageJsonPlugin', stage: compilation.constructor.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const root = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
          const known = { ...root.devDependencies, ...root.dependencies };
          const used = new Set(this.runtimeDependencies);
          for (const module of compilation.modules) {
            if (module.constructor.name !== 'ExternalModule' || typeof module.request !== 'string') continue;
            const request = module.request;
            const name = request.startsWith('@')
              ? request.split('/').slice(0, 2).join('/')
              : request.split('/')[0];
            if (known[name]) used.add(name);
          }
          const dependencies = Object.fromEntries([...used].sort().map((name) => [name, known[name]]));
          const manifest = {
            name: this.name,
            version: root.version,
            private: true,
            main: 'main.js',
            engines: root.engines,
            dependencies,
          };
          compilation.emitAsset(
            'package.json',
            new compiler.webpack.sources.RawSource(`${JSON.stringify(manifest, null, 2)}\n`),
          );
        },
      );
    });
  }
}

// Packages loaded by name at run time (invisible to webpack): Nest's HTTP adapter and its rxjs peer.
const ALWAYS_LOADED = ['@nestjs/platform-express', 'rxjs'];

/**
 * webpack config for `apps/<name>`. `runtimeDependencies` names packages another package loads dynamically
 * (e.g. `pg` for TypeORM), so they reach the generated package.json.
 */
module.exports = function nodeAppConfig(name, { runtimeDependencies = [], extraEntries = {} } = {}) {
  const appRoot = join(workspaceRoot, 'apps', name);
  return {
    target: 'node',
    mode: 'production',
    context: appRoot,
    // More entries are separate files next to main.js (e.g. worker-thread code loaded by file name).
    entry: { main: './src/main.ts', ...extraEntries },
    devtool: 'source-map',
    // commonjs2 so the embedded launcher can require the bundle and call its exported bootstrap().
    output: {
      path: join(workspaceRoot, 'dist/apps', name),
      filename: '[name].js',
      clean: true,
      library: { type: 'commonjs2' },
    },
    resolve: {
      extensions: ['.ts', '.js', '.json'],
      plugins: [new TsconfigPathsPlugin({ configFile: join(appRoot, 'tsconfig.app.json') })],
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: swcOptions({ sourceMaps: true }),
          },
        },
      ],
    },
    // Keep Node's real __dirname: code finds its sibling files (thread entries) through it.
    node: { __dirname: false, __filename: false },
    externalsPresets: { node: true },
    externals: [nodeExternals({ modulesDir: join(workspaceRoot, 'node_modules') })],
    optimization: { minimize: false, nodeEnv: false },
    performance: { hints: false },
    plugins: [new GeneratePackageJsonPlugin(name, [...ALWAYS_LOADED, ...runtimeDependencies])],
    stats: 'errors-warnings',
  };
};
