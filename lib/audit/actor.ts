/** Who did something, from where: the audit log's who, IP and user agent. */
export interface Actor {
  /** Null for customers and the system. */
  userId: string | null;
  userType: "MERCHANT" | "SUPERADMIN" | "SYSTEM" | "CUSTOMER";
  ipAddress: string | null;
  userAgent: string | null;
}
