import { z } from "zod";
import { JoinQueueSchema } from "../queue/queue_schema.ts";

/** One customer, by the phone number they joined with (written any way a join accepts). */
export const CustomerPhoneSchema = z.object({ phone: JoinQueueSchema.shape.customerPhone });
