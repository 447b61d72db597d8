/**
 * Every dynamic provider implementation of rtdw, by the name its resources' stub carries
 * (components/dynamic/hostedProvider.ts). Pulumi's dynamic-provider host bundles this module from
 * the project's source and runs these objects; the program itself never loads them.
 */
import type { HostedProviderName } from "../dynamic/hostedProvider";
import { SchemaObjectProvider } from "../schema/provider/schemaObjectProvider";
import { StreamParkJobProvider } from "../streampark/providers/jobProvider";
import {
  AdminPasswordProvider, AlertConfigProvider, FlinkEnvironmentProvider, SessionClusterProvider, VariableProvider,
} from "../streampark/providers/bootstrapProviders";

export const providers: Record<HostedProviderName, object> = {
  schemaObject: new SchemaObjectProvider(),
  streamparkJob: new StreamParkJobProvider(),
  streamparkAdminPassword: new AdminPasswordProvider(),
  streamparkFlinkEnvironment: new FlinkEnvironmentProvider(),
  streamparkSessionCluster: new SessionClusterProvider(),
  streamparkAlertConfig: new AlertConfigProvider(),
  streamparkVariable: new VariableProvider(),
};
