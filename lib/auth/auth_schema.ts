import { z } from "zod";

export const LoginSchema = z.object({
  email: z.string({ error: "Email is required" }).trim().toLowerCase()
    .min(1, "Email is required").max(254, "Email is too long")
    .pipe(z.email("Enter a valid email address")),
  password: z.string({ error: "Password is required" }).min(1, "Password is required")
    .max(200, "Password is too long"),
});

export type LoginInput = z.infer<typeof LoginSchema>;
