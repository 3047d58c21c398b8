import { backofficeSession } from "../../../lib/http/area_guards.ts";

/** Signed-in platform admins only; others go to the back-office sign-in. */
export default backofficeSession();
