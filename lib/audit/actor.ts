/** Who did something, from where: the audit log's who, IP and user agent. */
export interface Actor {
  userId: string;
  userType: "MERCHANT" | "SUPERADMIN" | "SYSTEM" | "CUSTOMER";
  ipAddress: string | null;
  userAgent: string | null;
}
