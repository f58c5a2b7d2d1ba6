/**
 * `deno task image`: compiles the Linux binary, lays out the build context in dist/image/, and
 * builds the Containerfile with podman, tagged `localhost/ferryllm:<version>`.
 *
 *   deno task image                        FROM scratch: binary + the shared libraries it loads
 *   deno task image --base IMAGE           any base with glibc, e.g. gcr.io/distroless/cc-debian12:nonroot
 *
 * @module
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import {
  buildStamp,
  compileBinary,
  hostTarget,
  installRuntimePackages,
  ROOT,
  sh,
  TARGETS,
} from "./build_steps.ts";

const { values } = parseArgs({ args: Deno.args, options: { base: { type: "string" } } });
const base = values.base ?? "scratch";
const stamp = await buildStamp();
const tag = `localhost/ferryllm:${stamp.version}`;

const context = `${ROOT}/dist/image`;
const rootfs = `${context}/rootfs`;
await Deno.remove(context, { recursive: true }).catch(() => {});
mkdirSync(`${rootfs}/usr/local/bin`, { recursive: true });
mkdirSync(`${rootfs}/etc/ferryllm`, { recursive: true });

await installRuntimePackages();
const linux = TARGETS.find((t) => t.name === hostTarget().name.replace(/^\w+-/, "linux-"))!;
const binary = `${rootfs}/usr/local/bin/ferryllm`;
await compileBinary(linux, binary, stamp);
copyFileSync(`${ROOT}/deploy/ferryllm.toml`, `${rootfs}/etc/ferryllm/ferryllm.toml`);
chmodSync(`${rootfs}/etc/ferryllm/ferryllm.toml`, 0o644);

if (base === "scratch") await addRuntimeFiles(binary);

// A rebuild replaces the tag: drop the old image so rebuilds do not pile up 100 MB each.
const previous = await sh("podman", ["image", "ls", "--quiet", tag], true).catch(() => "");
await sh("podman", [
  "build",
  "--layers=false",
  // The docker format keeps HEALTHCHECK (OCI image config has no field for it).
  "--format",
  "docker",
  "--file",
  `${ROOT}/Containerfile`,
  "--build-arg",
  `BASE=${base}`,
  "--build-arg",
  `VERSION=${stamp.version}`,
  "--build-arg",
  `REVISION=${stamp.commit}`,
  "--build-arg",
  `CREATED=${stamp.date}`,
  "--tag",
  tag,
  context,
]);
for (const id of previous.trim().split("\n").filter(Boolean)) {
  await sh("podman", ["image", "rm", id], true).catch(() => {}); // still mounted: keep it
}
console.log(`built ${tag} (FROM ${base})`);

/**
 * What a `scratch` image needs besides the binary: the shared libraries `ldd` lists (copied to
 * the paths the loader looks in), the users, an empty /tmp, mount points for /proc and /dev,
 * and CA certificates for HTTPS to providers.
 */
async function addRuntimeFiles(binary: string): Promise<void> {
  const ldd = await sh("ldd", [binary], true);
  for (const match of ldd.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)) {
    const library = match[1];
    mkdirSync(dirname(`${rootfs}${library}`), { recursive: true });
    copyFileSync(library, `${rootfs}${library}`); // follows symlinks: the real file lands there
  }
  writeFileSync(
    `${rootfs}/etc/passwd`,
    "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n",
  );
  writeFileSync(`${rootfs}/etc/group`, "root:x:0:\nnonroot:x:65532:\n");
  for (const dir of ["tmp", "proc", "dev", "home/nonroot"]) {
    mkdirSync(`${rootfs}/${dir}`, { recursive: true });
  }
  chmodSync(`${rootfs}/tmp`, 0o1777);
  await sh("chown", ["65532:65532", `${rootfs}/home/nonroot`], true);
  const certificates = "/etc/ssl/certs/ca-certificates.crt";
  try {
    mkdirSync(`${rootfs}/etc/ssl/certs`, { recursive: true });
    copyFileSync(certificates, `${rootfs}${certificates}`);
  } catch {
    console.log(`no ${certificates} on this machine: the binary's built-in roots are used`);
  }
}
