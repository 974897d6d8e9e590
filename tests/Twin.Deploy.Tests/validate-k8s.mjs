// Validates Kubernetes manifests offline against the Kubernetes API schemas that the npm package kubernetes-models
// carries (one model per apiVersion/kind, its JSON schema checked by ajv). Usage: node validate-k8s.mjs FILE...
// Prints one line per document ("ok FILE#N Kind/name" or "invalid FILE#N …") and exits 1 if any is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const kustomize = "kustomize.config.k8s.io/v1beta1";
let failures = 0;
let checked = 0;

for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, doc] of docs.entries()) {
    const where = `${file}#${i + 1}`;
    if (doc.errors.length > 0) {
      console.log(`invalid ${where} YAML: ${doc.errors.map(e => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) {
      continue;
    }
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      console.log(`invalid ${where} has no apiVersion/kind`);
      failures++;
      continue;
    }
    if (apiVersion === kustomize) {
      // A kustomize file, not an API object: kubernetes-models has no schema for it.
      console.log(`skipped ${where} ${kind} (kustomize configuration)`);
      continue;
    }
    // "v1" is the core group (kubernetes-models/v1/Pod); "apps/v1" → kubernetes-models/apps/v1/StatefulSet.
    const module = `kubernetes-models/${apiVersion}/${kind}`;
    let Model;
    try {
      Model = (await import(module))[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function") {
      console.log(`invalid ${where} unknown apiVersion/kind ${apiVersion} ${kind}`);
      failures++;
      continue;
    }
    try {
      new Model(obj).validate();
      checked++;
      console.log(`ok ${where} ${kind}/${obj.metadata?.name ?? "?"}`);
    } catch (e) {
      console.log(`invalid ${where} ${kind}/${obj.metadata?.name ?? "?"}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${checked} valid, ${failures} invalid`);
process.exit(failures > 0 ? 1 : 0);
