import type { Branding } from "../lib/merchant/branding.ts";

/**
 * A tenant's brand on a customer page: its colour (a small stylesheet, since the CSP allows no
 * inline styles) and its logo. Nothing when the plan has no custom branding.
 */
export function CustomerBrand(
  { branding, tenantName }: { branding: Branding | null; tenantName: string },
) {
  if (!branding) return null;
  return (
    <>
      {branding.brandColor && (
        <link
          rel="stylesheet"
          href={`/brand.css?c=${encodeURIComponent(branding.brandColor)}`}
        />
      )}
      {branding.logoUrl && (
        <div class="brand-band flex justify-center py-3" data-testid="brand-logo">
          <img src={branding.logoUrl} alt={`${tenantName} logo`} class="h-12 w-auto" />
        </div>
      )}
    </>
  );
}
