// The import boundaries of DESIGN.md, as an eslint rule ("keel/module-boundaries"):
// - another module is reached only through its public.ts;
// - a lower module never imports a higher one (the registry's order, lowest first);
// - the platform (src/ outside src/modules, and migrations/) imports no module, only the registry
//   (src/modules/index.ts); modules never import the registry.
// Modules are the folders under each of `moduleRoots`; those not in `order` rank above all others.
const path = require('node:path');

function moduleOf(file, roots) {
  for (const root of roots) {
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (rel === '') return { registry: true, name: null, rest: '' };
    const [first, ...rest] = rel.split(path.sep);
    if (rest.length === 0) return { registry: /^index(\.ts)?$/.test(first), name: null, rest: '' };
    return { registry: false, name: first, rest: rest.join('/') };
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules talk through public.ts, lowest first; the platform imports only the registry.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          moduleRoots: { type: 'array', items: { type: 'string' } },
          platform: { type: 'array', items: { type: 'string' } },
          order: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      internals: 'Import of "{{target}}", an internal file of module {{to}}: import its public.ts instead.',
      higher: 'Module {{from}} imports module {{to}}, which is higher in the registry order; reach it through a contribution instead.',
      platform: 'The platform imports no module ("{{target}}"); it finds modules through the registry (src/modules/index.ts).',
      registry: 'A module does not import the registry; it learns of other modules through contributions.',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = options.root ?? context.cwd;
    const roots = (options.moduleRoots ?? ['src/modules']).map((r) => path.resolve(root, r));
    const platform = (options.platform ?? ['src', 'migrations']).map((p) => path.resolve(root, p));
    const order = options.order ?? [];
    const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
    const file = path.resolve(root, context.filename);
    const from = moduleOf(file, roots);
    const inPlatform = !from?.name && platform.some((p) => !path.relative(p, file).startsWith('..'));

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      const to = moduleOf(target, roots);
      if (!to) return;
      if (to.registry) {
        if (from?.name) context.report({ node, messageId: 'registry' });
        return;
      }
      if (from?.name === to.name) return;
      if (!from?.name) {
        if (inPlatform) context.report({ node, messageId: 'platform', data: { target: spec } });
        return;
      }
      if (!/^public(\.ts)?$/.test(to.rest)) context.report({ node, messageId: 'internals', data: { target: spec, to: to.name } });
      else if (rank(to.name) >= rank(from.name)) context.report({ node, messageId: 'higher', data: { from: from.name, to: to.name } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

module.exports = { rules: { 'module-boundaries': rule } };
