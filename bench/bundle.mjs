// The engines a bench measures, bundled from TypeScript with rolldown into `dir` and loaded: the very code the app
// runs, without a build of the whole app. `inputs` maps a name to a source file; the result maps it to the module.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export async function bundleModules(root, dir, inputs) {
  const { rolldown } = await import(pathToFileURL(join(root, 'node_modules/rolldown/dist/index.mjs')).href)
  const build = await rolldown({ input: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, join(root, v)])), platform: 'node', logLevel: 'silent' })
  await build.write({ dir, format: 'esm', entryFileNames: '[name].mjs' })
  await build.close()
  const names = Object.keys(inputs)
  const mods = await Promise.all(names.map((n) => import(pathToFileURL(join(dir, `${n}.mjs`)).href)))
  return Object.fromEntries(names.map((n, i) => [n, mods[i]]))
}
