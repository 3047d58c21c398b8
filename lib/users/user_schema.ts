import { z } from "zod";

const role = z.enum(["OWNER", "ADMIN", "STAFF"], { error: "Role must be OWNER, ADMIN or STAFF" });

export const InviteUserSchema = z.object({
  email: z.string({ error: "Email is required" }).trim().toLowerCase()
    .pipe(z.email("Enter a valid email address")),
  fullName: z.string({ error: "Name is required" }).trim().min(1, "Name is required")
    .max(100, "Name must be at most 100 characters"),
  role: role.default("STAFF"),
}).strict();

export const UpdateUserSchema = z.object({
  role: role.optional(),
  isActive: z.boolean({ error: "isActive must be true or false" }).optional(),
}).strict().refine((v) => v.role !== undefined || v.isActive !== undefined, {
  message: "Send a role or isActive to change",
});

export type InviteUserInput = z.infer<typeof InviteUserSchema>;
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;
