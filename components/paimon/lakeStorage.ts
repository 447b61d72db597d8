/**
 * Where the lake lives: the Paimon warehouse and Flink's checkpoints, savepoints and HA metadata.
 * dev/test: one volume every Flink process (and StreamPark and StarRocks) mounts at the same path.
 * prod: S3-compatible object storage, with secret credentials.
 * Also the catalog definitions the SQL and StarRocks use to reach the warehouse.
 */
import * as pulumi from "@pulumi/pulumi";
import { StorageConfig } from "../config/schema";
import { FlinkStorage } from "../flink/flinkConfig";
import { FLINK_GID, FLINK_UID } from "../flink/image";
import { Flow, Platform, SharedMount } from "../platform/service";

export const LAKE_MOUNT = "/lake";
export const PAIMON_CATALOG = "paimon";

export interface LakeStorageArgs {
  platform: Platform;
  storage: StorageConfig;
  /** Prefix inside the bucket, so stacks can share one bucket. */
  stack: string;
  s3Credentials?: { accessKey: pulumi.Output<string>; secretKey: pulumi.Output<string> };
}

export class LakeStorage extends pulumi.ComponentResource {
  /** URI of the Paimon warehouse, as Flink and StarRocks see it. */
  readonly warehouse: string;
  readonly flinkStorage: FlinkStorage;
  readonly mounts: SharedMount[];
  /** The connections a process reading or writing the lake opens (object storage's port), for network policies. */
  readonly flows: Flow[];
  readonly s3?: { endpoint: string; pathStyleAccess: boolean; accessKey: pulumi.Output<string>; secretKey: pulumi.Output<string> };

  constructor(name: string, args: LakeStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:paimon:LakeStorage", name, {}, opts);
    const st = args.storage;
    let root: string;
    if (st.kind === "volume") {
      // Flink's processes write the lake (uid/gid 9999); StarRocks and StreamPark run as root.
      const volume = args.platform.sharedVolume("lake", st.sizeGiB, { uid: FLINK_UID, gid: FLINK_GID }, this);
      this.mounts = [{ volume, mountPath: LAKE_MOUNT }];
      this.flows = [];
      root = `file://${LAKE_MOUNT}`;
    } else {
      if (!args.s3Credentials) throw new Error("S3 storage needs rtdw:s3AccessKey and rtdw:s3SecretKey");
      this.mounts = [];
      const url = new URL(st.endpoint);
      const port = url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
      this.flows = [{ external: "object-storage", ports: [port], why: `the lake in S3 (${url.host})` }];
      root = `s3://${st.bucket}/${args.stack}`;
      this.s3 = { endpoint: st.endpoint, pathStyleAccess: st.pathStyleAccess, ...args.s3Credentials };
    }
    this.warehouse = `${root}/paimon`;
    this.flinkStorage = {
      checkpoints: `${root}/flink/checkpoints`,
      savepoints: `${root}/flink/savepoints`,
      highAvailability: `${root}/flink/ha`,
      s3: this.s3 ? { endpoint: this.s3.endpoint, pathStyleAccess: this.s3.pathStyleAccess } : undefined,
    };
    this.registerOutputs({ warehouse: this.warehouse, checkpoints: this.flinkStorage.checkpoints, savepoints: this.flinkStorage.savepoints });
  }
}
