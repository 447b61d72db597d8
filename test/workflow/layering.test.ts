/**
 * Dependencies between the folders of components/ point one way. Every import of a component's
 * source (and of index.ts) may reach only its own folder or a folder of a lower layer, so the folders
 * form no cycle and a newcomer can change a lower folder knowing what stands on it.
 *
 * Imports are read from TypeScript's own syntax tree (typescript is already a dependency): `import`,
 * `import type`, `export ... from`, `import x = require()`, `import()`, `typeof import()` and
 * `require()` anywhere in a file (ts.preProcessFile misses a require inside a function).
 * dependency-cruiser or madge would add a resolver and a config format for a folder-to-folder check.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");

/**
 * THE LAYER ORDER, lowest first (README.md "Layout" shows it; a test below keeps the two equal).
 * A folder may import its own folder and the folders of lower layers, never the same layer or
 * above. index.ts sits on top. A new folder gets a row here (and in README.md) with its reason.
 */
const LAYERS: { folders: string[]; why: string }[] = [
  {
    folders: ["observability", "sqlgrammar", "dynamicResource", "retry"],
    why: "vocabularies that import no other folder: the alert-rule, level, KPI and dashboard model every system contributes to; the SQL grammars; the base of every dynamic resource (the HostedResource stub) and the helpers its providers share; the one retry loop",
  },
  {
    folders: ["config"],
    why: "the stack configuration: every component reads it and it builds nothing; it reads only the KPI schema of the model below (the monitoring tuning keys)",
  },
  {
    folders: ["platform"],
    why: "the service description and its Docker and Kubernetes backends: reads the stack config to pick a backend, knows no system",
  },
  {
    folders: ["schema"],
    why: "the generic DDL provider: owns its object contract, reaches engines through platform endpoints, knows no warehouse content",
  },
  {
    folders: ["lineage", "quality"],
    why: "what the content is checked and watched by, standing alone: lineage (which tables each job reads and writes, from its SQL); quality (the data-quality rules, the rt-dw-monitor SQL generated from them, and their metrics, alerts and dashboard, contributed to the monitoring stack)",
  },
  {
    folders: ["warehouse"],
    why: "the warehouse's SQL catalog and its rendering (variables, templating, the jobs, schema objects, sink keys, connector option lists): renders DDL into the schema provider's contract and builds the monitor job from the quality rules; it names no system's code (system facts reach it as WarehouseVariables, built in components/warehouseBinding), so the systems that run it may read it",
  },
  {
    folders: ["mysql", "flink", "starrocks"],
    why: "systems that stand on the platform alone; each contributes its rules and dashboards in its monitoring/ folder",
  },
  {
    folders: ["paimon", "streampark"],
    why: "systems built on those: Paimon runs inside Flink's image, StreamPark submits to Flink and keeps its state in MySQL",
  },
  {
    folders: ["warehouseBinding", "loadgen"],
    why: "compositions of the content and the systems: warehouseBinding binds the content to this stack (config and system facts into WarehouseVariables, the secrets into StreamPark variables); the load generator (its program, its bundle, and the service that runs it against MySQL)",
  },
  {
    folders: ["monitoring", "providers", "savepoints"],
    why: "collectors: the monitoring stack gathers every system's and the warehouse's contributions and deploys them (the kube-prometheus mixin pattern); providers lists every dynamic provider by name; the savepoint scheduler service deploys a bundle on the load generator's Node image and calls Flink through StreamPark's Flink REST client",
  },
];
const TOP = "index";

const layerOf = new Map<string, number>(LAYERS.flatMap((l, i) => l.folders.map((f) => [f, i] as [string, number])));
layerOf.set(TOP, LAYERS.length);

interface Import {
  file: string;
  spec: string;
  from: string;
  to: string;
}

/** The folder of a repository-relative path (a file, or an import's target without extension). */
function folderOf(file: string): string | undefined {
  const parts = file.split("/");
  if (parts[0] === "components" && parts.length >= 2) return parts[1];
  if (file === "index.ts" || file === "index") return TOP;
  return undefined;
}

function sources(): string[] {
  const under = (fs.readdirSync(path.join(ROOT, "components"), { recursive: true }) as string[])
    .map((f) => path.posix.join("components", f.split(path.sep).join("/")))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"));
  return [...under, "index.ts"].sort();
}

/** Every module specifier a file names, wherever it names it. */
function specifiers(file: string, text: string): string[] {
  const found: string[] = [];
  const literal = (n: ts.Node | undefined): void => {
    if (n && ts.isStringLiteralLike(n)) found.push(n.text);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) literal(n.moduleSpecifier);
    else if (ts.isExternalModuleReference(n)) literal(n.expression);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) literal(n.argument.literal);
    else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === "require"))) literal(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  return found;
}

/** Every import from one folder of components/ (or index.ts) into another. */
function crossFolderImports(): Import[] {
  const out: Import[] = [];
  for (const file of sources()) {
    const from = folderOf(file)!;
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const spec of specifiers(file, text)) {
      if (!spec.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const to = folderOf(target);
      if (to !== undefined && to !== from) out.push({ file, spec, from, to });
    }
  }
  return out;
}

/** Strongly connected sets of two or more nodes (Tarjan): each is a cycle of imports. */
function cycles(edges: [string, string][]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

const imports = crossFolderImports();
const describe1 = (i: Import): string =>
  `${i.file} imports "${i.spec}": ${i.from} (layer ${layerOf.get(i.from)}) -> ${i.to} (layer ${layerOf.get(i.to)})`;

it("the parser sees the program's imports (the checks below are not vacuous)", () => {
  expect(imports.length).toBeGreaterThan(100);
  const seen = (from: string, to: string) => imports.some((i) => i.from === from && i.to === to);
  expect(seen("flink", "platform")).toBe(true);
  expect(seen("monitoring", "observability")).toBe(true);
  expect(seen(TOP, "monitoring")).toBe(true);
  // require() and type-only imports count too
  expect(imports.some((i) => i.file === "components/quality/monitorSql.ts" && i.to === "sqlgrammar")).toBe(true);
});

it("every folder of components/ has a layer, and every layer's folder exists", () => {
  const folders = fs.readdirSync(path.join(ROOT, "components"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  expect(folders.filter((f) => !layerOf.has(f))).toEqual([]);
  expect([...layerOf.keys()].filter((f) => f !== TOP && !folders.includes(f))).toEqual([]);
});

it("no import goes against the layer order (only down, never sideways or up)", () => {
  const against = imports.filter((i) => layerOf.has(i.from) && layerOf.has(i.to) && layerOf.get(i.to)! >= layerOf.get(i.from)!);
  expect(against.map(describe1)).toEqual([]);
});

it("no cycle between folders", () => {
  const found = cycles(imports.map((i) => [i.from, i.to]));
  const witnesses = found.map((c) => ({ cycle: c, imports: imports.filter((i) => c.includes(i.from) && c.includes(i.to)).map(describe1) }));
  expect(witnesses).toEqual([]);
});

it("README.md's layer table lists the same folders per layer", () => {
  const whole = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = whole.indexOf("## Layout");
  const end = whole.indexOf("\n## ", start + 1);
  const readme = whole.slice(start, end < 0 ? undefined : end);
  const rows = [...readme.matchAll(/^\| (\d+) \| ((?:`[a-zA-Z]+`(?:, )?)+) \|/gm)].map((m) => ({ layer: Number(m[1]), folders: [...m[2].matchAll(/`([a-zA-Z]+)`/g)].map((f) => f[1]) }));
  expect(rows).toEqual(LAYERS.map((l, i) => ({ layer: i, folders: l.folders })));
});

it("every form of import is read", () => {
  const text = [
    'import { a } from "./a";',
    'import type { B } from "./b";',
    'export * from "./c";',
    'import d = require("./d");',
    "function f() { return require(\"./e\") as typeof import(\"./g\"); }",
    'const h = import("./h");',
  ].join("\n");
  expect(specifiers("x.ts", text).sort()).toEqual(["./a", "./b", "./c", "./d", "./e", "./g", "./h"]);
});

it("the cycle finder finds a cycle and ignores a chain", () => {
  expect(cycles([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]])).toEqual([["a", "b", "c"]]);
  expect(cycles([["a", "b"], ["b", "c"], ["a", "c"]])).toEqual([]);
});
