import { refusalOf, typedValues } from "../../../../lib/http/form_refusal.ts";
import { type Context, Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import { requestOrigin } from "../../../../lib/http/request_origin.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";
import { listQueueSettings } from "../../../../lib/queue/queue_admin.ts";
import {
  createDevice,
  CreateDeviceSchema,
  listTenantDevices,
  revokeTenantDevice,
} from "../../../../lib/devices/devices.ts";
import { StaffShell } from "../../../../components/StaffShell.tsx";
import { DevicesPage, type DevicesPageProps } from "../../../../components/DevicesPage.tsx";

/** `/dashboard/devices`: managers connect TV displays and kiosks, and revoke them. */
const app = new Hono<StaffEnv>();

async function page(
  c: Context<StaffEnv>,
  extra: Pick<DevicesPageProps, "created" | "error"> = {},
  status: 200 | 201 | 404 | 422 = 200,
) {
  const [devices, queues] = await Promise.all([
    listTenantDevices(c.get("scope")),
    listQueueSettings(c.get("scope")),
  ]);
  return renderPage(
    c,
    `Screens · ${c.get("tenant").name}`,
    <StaffShell
      tenantName={c.get("tenant").name}
      staffName={c.get("staff").fullName}
      csrfToken={c.get("csrfToken")}
      canManage
    >
      <DevicesPage
        devices={devices}
        queues={queues.map((q) => ({ id: q.id, name: q.name }))}
        csrfToken={c.get("csrfToken")}
        notice={c.req.query("revoked") ? "Revoked: that screen is disconnected." : undefined}
        {...extra}
      />
    </StaffShell>,
    status,
  );
}

app.get("/", (c) => page(c));

app.post("/", async function createDeviceForm(c) {
  const body = await readBody(c);
  let made: Awaited<ReturnType<typeof createDevice>> | undefined;
  const err = await refusalOf(async () => {
    made = await createDevice(c.get("scope"), validate(CreateDeviceSchema, body));
  }, [404, 422]);
  if (err || !made) {
    return await page(c, {
      error: {
        message: err?.message ?? "Not saved",
        fields: err?.options.fields,
        values: typedValues(body),
      },
    }, 422);
  }
  const { device, secret } = made;
  const link = `${requestOrigin(c)}/${device.kind}/connect?key=${secret}`;
  return await page(c, { created: { label: device.label, kind: device.kind, link } }, 201);
});

app.post("/:id/revoke", async function revokeDeviceForm(c) {
  const id = param(UuidSchema, c.req.param("id"));
  await revokeTenantDevice(c.get("scope"), id);
  return c.redirect("/dashboard/devices?revoked=1", 303);
});

export default app;
