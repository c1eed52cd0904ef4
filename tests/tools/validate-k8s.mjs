// Validates Kubernetes objects offline against the schemas that kubernetes-models,
// @kubernetes-models/cert-manager and @kubernetes-models/prometheus-operator ship (their .validate()).
// Input on stdin: a JSON array of objects. Output on stdout: a JSON array with one entry per object,
// {"object": "<apiVersion> <kind>/<name>", "error": null | "<message>"}. Exits 0 when every object
// validates, 1 when any does not (the array still says which), 2 when the input cannot be read.
// A kind none of the packages models is an error: nothing is skipped silently.
import { readFileSync } from "node:fs";

// API group -> package that models it; the core group ("v1") is in kubernetes-models under v1/.
const packageOf = (group) => {
  if (group === "cert-manager.io" || group.endsWith(".cert-manager.io")) return "@kubernetes-models/cert-manager";
  if (group === "monitoring.coreos.com") return "@kubernetes-models/prometheus-operator";
  return "kubernetes-models";
};

const modulePath = (apiVersion, kind) => {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return `kubernetes-models/${apiVersion}/${kind}`;
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return `${packageOf(group)}/${group}/${version}/${kind}`;
};

const describe = (o) =>
  `${o?.apiVersion ?? "<no apiVersion>"} ${o?.kind ?? "<no kind>"}/${o?.metadata?.name ?? "<no name>"}`;

let objects;
try {
  objects = JSON.parse(readFileSync(0, "utf8"));
  if (!Array.isArray(objects)) throw new Error("expected a JSON array of objects");
} catch (e) {
  process.stderr.write(`validate-k8s: cannot read stdin: ${e.message}\n`);
  process.exit(2);
}

const results = [];
for (const o of objects) {
  const object = describe(o);
  if (typeof o?.apiVersion !== "string" || typeof o?.kind !== "string") {
    results.push({ object, error: "apiVersion and kind are required strings" });
    continue;
  }

  let Model;
  try {
    Model = (await import(modulePath(o.apiVersion, o.kind)))[o.kind];
  } catch (e) {
    results.push({ object, error: `no schema for ${o.apiVersion} ${o.kind} in the installed model packages (${e.code ?? e.message})` });
    continue;
  }

  try {
    new Model(o).validate();
    results.push({ object, error: null });
  } catch (e) {
    const details = Array.isArray(e.errors) ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}`).join("; ") : "";
    results.push({ object, error: details ? `${e.message}: ${details}` : e.message });
  }
}

process.stdout.write(JSON.stringify(results));
process.exit(results.some((r) => r.error !== null) ? 1 : 0);
