/**
 * Every dynamic provider implementation of rtdw, by the name its resources' stub carries
 * (components/dynamicResource/hostedProvider.ts). Pulumi's dynamic-provider host bundles this module from
 * the project's source and runs these objects; the program itself never loads them. Each reaches
 * its system through the inputs that say where it is (./reach.ts: an address or an EndpointRef).
 */
import type { HostedProviderName } from "../dynamicResource/hostedProvider";
import { SchemaObjectProvider } from "../schema/provider/schemaObjectProvider";
import { StreamParkJobProvider } from "../streampark/providers/jobProvider";
import {
  AdminPasswordProvider, AlertConfigProvider, FlinkEnvironmentProvider, SessionClusterProvider, VariableProvider,
} from "../streampark/providers/bootstrapProviders";
import { MysqlAccountProvider, MysqlDatabaseProvider } from "../mysql/accounts/provider";
import { reaching, ReachField } from "./reach";

/** The engine's address: host:port for MySQL and StarRocks, the SQL Gateway's URL for Paimon. */
const ENGINE_ENDPOINT: ReachField = { name: "endpoint", form: (i) => (i.engine === "paimon" ? "url" : "hostPort") };
/** The MySQL server an account or database lives on, as host:port. */
const MYSQL_ENDPOINT: ReachField = { name: "endpoint", form: () => "hostPort" };
const CONSOLE: ReachField = { name: "consoleUrl", form: () => "url" };
const FLINK_REST: ReachField = { name: "flinkRestUrl", form: () => "url" };
const SAVEPOINT_HISTORY: ReachField = { name: "savepointHistoryUrl", form: () => "url" };
/** A canary job's sinks: the SQL Gateway (Paimon) and StarRocks' query port (components/streampark/providers/canaryInputs.ts). */
const CANARY_PAIMON: ReachField = { name: "canaryPaimonEndpoint", form: () => "url" };
const CANARY_STARROCKS: ReachField = { name: "canaryStarRocksEndpoint", form: () => "hostPort" };

export const providers: Record<HostedProviderName, object> = {
  schemaObject: reaching(new SchemaObjectProvider(), [ENGINE_ENDPOINT]),
  streamparkJob: reaching(new StreamParkJobProvider(), [CONSOLE, FLINK_REST, SAVEPOINT_HISTORY, CANARY_PAIMON, CANARY_STARROCKS]),
  streamparkAdminPassword: reaching(new AdminPasswordProvider(), [CONSOLE]),
  streamparkFlinkEnvironment: reaching(new FlinkEnvironmentProvider(), [CONSOLE]),
  streamparkSessionCluster: reaching(new SessionClusterProvider(), [CONSOLE]),
  streamparkAlertConfig: reaching(new AlertConfigProvider(), [CONSOLE]),
  streamparkVariable: reaching(new VariableProvider(), [CONSOLE]),
  mysqlAccount: reaching(new MysqlAccountProvider(), [MYSQL_ENDPOINT]),
  mysqlDatabase: reaching(new MysqlDatabaseProvider(), [MYSQL_ENDPOINT]),
};
