import { Hono } from "hono";
import { z } from "zod";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { param } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { withPlatform } from "../../../lib/db/transaction_repo.ts";
import { notFoundError } from "../../../lib/errors.ts";
import { findMerchantDetails, listMerchantsPage } from "../../../lib/backoffice/merchants_repo.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import { MerchantDetails, MerchantList } from "../../../components/backoffice/Merchants.tsx";

/** `/backoffice/merchants`: every tenant's locations, read-only. */
const app = new Hono<BackofficeEnv>();

const ListQuery = z.object({
  q: z.string().trim().max(100).optional().transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  perPage: z.coerce.number().int().min(1).max(100).catch(50),
});

app.get("/", async function merchantsList(c) {
  const query = ListQuery.parse(c.req.query());
  const rows = await withPlatform(c.get("deps").db, (trx) => listMerchantsPage(trx, query));
  if (wantsJson(c)) return c.json({ merchants: rows });
  return renderPage(
    c,
    "Merchants · Back office",
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/merchants"
      title="Merchants"
    >
      <MerchantList rows={rows} q={query.q} />
    </BackofficeShell>,
  );
});

app.get("/:id{[0-9a-fA-F-]{36}}", async function merchantShow(c) {
  const id = param(z.uuid(), c.req.param("id"));
  const details = await withPlatform(c.get("deps").db, (trx) => findMerchantDetails(trx, id));
  if (!details) throw notFoundError("merchant");
  if (wantsJson(c)) return c.json(details);
  return renderPage(
    c,
    `${details.merchant.businessName} · Back office`,
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/merchants"
      title={details.merchant.businessName}
    >
      <MerchantDetails details={details} />
    </BackofficeShell>,
  );
});

export default app;
