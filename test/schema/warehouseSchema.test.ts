/**
 * The WarehouseSchema component under the mock runtime: one resource per DDL statement, each after
 * the objects it lives in, Paimon objects registering their catalog first, secrets as secret
 * inputs only, and prod's data-bearing objects protected and retained.
 */
import * as pulumi from "@pulumi/pulumi";
import { defaultWarehouseVariables, parseWarehouseVariables, schemaObjects } from "../../components/warehouse";

const unwrap = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply(r));

interface Registered { name: string; type: string; props: Record<string, unknown>; opts: pulumi.ResourceOptions }
const registered: Registered[] = [];

pulumi.runtime.setMocks({
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => args.inputs,
}, "rtdw", "test");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WarehouseSchema } = require("../../components/schema/warehouseSchema") as typeof import("../../components/schema/warehouseSchema");

const S3_VARS = parseWarehouseVariables({ ...defaultWarehouseVariables, paimon: { ...defaultWarehouseVariables.paimon, warehouse: "s3://lake/warehouse", s3: { endpoint: "https://s3.example", pathStyleAccess: true } } });
const ACCESS = "AK-Secret-Access-1";
const SECRET = "SK-Secret-Key-2";

async function build(opts: { mysql: boolean; protectData: boolean; allowDataLoss: boolean | string[] }) {
  registered.length = 0;
  const stack = new pulumi.ComponentResource("test:index:Stack", `s-${Math.random()}`, {}, {
    transformations: [(a) => { registered.push({ name: a.name, type: a.type, props: a.props as Record<string, unknown>, opts: a.opts }); return undefined; }],
  });
  const schema = new WarehouseSchema("schema", {
    objects: schemaObjects(S3_VARS),
    engines: {
      mysql: opts.mysql ? { endpoint: "127.0.0.1:3306", user: "root", password: pulumi.secret("mysql-Root-Pw"), passwordConfigKey: "rtdw:mysqlRootPassword" } : undefined,
      starrocks: { endpoint: "127.0.0.1:9030", user: "root", password: pulumi.secret("sr-Root-Pw"), passwordConfigKey: "rtdw:starrocksRootPassword" },
      paimon: { endpoint: "http://127.0.0.1:8083" },
    },
    secrets: {
      "s3.access-key": { value: pulumi.secret(ACCESS), configKey: "rtdw:s3AccessKey" },
      "s3.secret-key": { value: pulumi.secret(SECRET), configKey: "rtdw:s3SecretKey" },
    },
    allowDataLoss: opts.allowDataLoss,
    protectData: opts.protectData,
    statementTimeoutSeconds: 90,
  }, { parent: stack });
  const objects = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/schema:SchemaObject");
  const one = (name: string) => {
    const r = objects.find((o) => o.props.name === name);
    if (!r) throw new Error(`no ${name}`);
    return r;
  };
  const resourceOf = (name: string) => schema.objects[name];
  // Registration (and the provider's serialization) finishes before the test does.
  await unwrap(pulumi.all(Object.values(schema.objects).map((o) => o.urn)));
  return { objects, one, resourceOf, schema };
}


describe("WarehouseSchema", () => {
  test("one resource per DDL statement, each after its database or catalog", async () => {
    const { objects, one, resourceOf } = await build({ mysql: true, protectData: false, allowDataLoss: false });
    expect(objects.length).toBe(schemaObjects(S3_VARS).length);
    expect(one("mysql:shop.orders").opts.dependsOn).toEqual(expect.arrayContaining([resourceOf("mysql:shop")]));
    expect(one("paimon:paimon.ods").opts.dependsOn).toEqual(expect.arrayContaining([resourceOf("paimon:paimon")]));
    expect(one("paimon:paimon.dwd.dwd_orders").opts.dependsOn).toEqual(expect.arrayContaining([resourceOf("paimon:paimon.dwd")]));
    // The StarRocks catalog reads the lake's databases.
    expect(one("starrocks:paimon_lake").opts.dependsOn).toEqual(expect.arrayContaining(["ods", "dwd", "dws"].map((d) => resourceOf(`paimon:paimon.${d}`))));
    // Independent objects do not wait on each other.
    expect(one("mysql:shop.orders").opts.dependsOn).not.toContain(resourceOf("mysql:shop.customers"));
  });

  test("Paimon objects register their catalog first; the S3 keys are secret inputs and never plain text", async () => {
    const { one } = await build({ mysql: true, protectData: false, allowDataLoss: false });
    const table = one("paimon:paimon.ods.ods_orders");
    const catalog = one("paimon:paimon");
    expect(await unwrap(pulumi.output(table.props.setup as string[]))).toEqual([await unwrap(pulumi.output(catalog.props.sql as string))]);
    expect(await unwrap(pulumi.output(catalog.props.sql as string))).toContain("{{ s3.access-key }}");
    expect(table.props.secretConfigKeys).toEqual({ "s3.access-key": "rtdw:s3AccessKey", "s3.secret-key": "rtdw:s3SecretKey" });
    const values = table.props.secretValues as pulumi.Output<Record<string, string>>;
    expect(await pulumi.isSecret(values)).toBe(true);
    expect(await unwrap(values)).toEqual({ "s3.access-key": ACCESS, "s3.secret-key": SECRET });
    const sr = one("starrocks:rtdw_serving.dws_sales_hourly");
    expect(await pulumi.isSecret(sr.props.password as pulumi.Output<string>)).toBe(true);
    expect(sr.props.secretConfigKeys).toEqual({ password: "rtdw:starrocksRootPassword" });
    expect(sr.props.timeoutSeconds).toBe(90);
  });

  test("prod: tables and databases protected and retained, catalogs not; data loss allowed only where listed", async () => {
    const { one } = await build({ mysql: false, protectData: true, allowDataLoss: ["starrocks:rtdw_serving.dq_results"] });
    expect(one("paimon:paimon.ods.ods_orders").opts).toMatchObject({ protect: true, retainOnDelete: true });
    expect(one("starrocks:rtdw_serving").opts).toMatchObject({ protect: true, retainOnDelete: true });
    expect(one("starrocks:paimon_lake").opts).toMatchObject({ protect: false, retainOnDelete: false });
    expect(one("starrocks:rtdw_serving.dq_results").props.allowDataLoss).toBe(true);
    expect(one("starrocks:rtdw_serving.dws_sales_hourly").props.allowDataLoss).toBe(false);
  });

  test("an external business MySQL is not the stack's: no MySQL objects", async () => {
    const { objects } = await build({ mysql: false, protectData: true, allowDataLoss: false });
    expect(objects.filter((o) => String(o.props.name).startsWith("mysql:"))).toEqual([]);
    expect(objects.length).toBe(schemaObjects(S3_VARS).filter((o) => o.engine !== "mysql").length);
  });
});
