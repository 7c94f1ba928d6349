// What hack/update-crd-schemas.js and hack/update-kubernetes-schemas.js share: reading a file of an
// upstream release, and pruning a schema to the keywords a check reads.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * The text of `path` in `repo` at `tag`: from raw.githubusercontent.com, or, when the environment
 * variable `mirrorsVariable` names a directory DIR, from the bare git repository
 * DIR/<owner>+<name>/repo.
 */
async function upstreamFile({ repo, tag, path }, mirrorsVariable) {
  const mirrors = process.env[mirrorsVariable];
  if (mirrors) {
    const dir = join(mirrors, repo.replace('/', '+'), 'repo');
    return execFileSync('git', ['-C', dir, 'show', `${tag}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  }
  const response = await fetch(`https://raw.githubusercontent.com/${repo}/${tag}/${path}`);
  if (!response.ok) throw new Error(`${repo}@${tag}:${path}: HTTP ${response.status}`);
  return response.text();
}

/**
 * `schema` with each keyword as `keyword(key, value, at, schema)` keeps it: the value to write, or
 * undefined to leave the keyword out (it throws for a keyword it does not know). The schemas under
 * `properties`, `items` and `additionalProperties` are pruned alike; `at` names the place in errors.
 */
function prunedSchema(schema, keyword, at) {
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    const kept = keyword(key, value, at, schema);
    if (kept === undefined) continue;
    if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(kept).map(([name, child]) => [name, prunedSchema(child, keyword, `${at}.${name}`)]),
      );
    else if (key === 'items' || (key === 'additionalProperties' && typeof kept === 'object'))
      out[key] = prunedSchema(kept, keyword, `${at}[]`);
    else out[key] = kept;
  }
  return out;
}

module.exports = { prunedSchema, upstreamFile };
