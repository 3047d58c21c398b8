import { createTransport } from "nodemailer";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID: a resent copy of one event's mail carries the same one. */
  messageId?: string;
}

/** Outgoing mail. `close()` releases pooled connections; calling it twice is harmless. */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** SMTP through one pool of connections per process, e.g. `smtp://user:pass@host:587`. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  // Bounded waits: a stalled server fails the send (the outbox retries it) instead of hanging.
  const transport = createTransport({
    url: smtpUrl,
    pool: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  }, { from });
  return {
    async send(msg) {
      await transport.sendMail({
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        messageId: msg.messageId,
      });
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}

/**
 * No SMTP server configured: each message becomes a log line instead. In development the body
 * (and so any link in it) is logged, so a developer can still follow a reset link; elsewhere
 * only who and what, because a reset link in a log is a way into that account.
 */
export function createLogMailer(log: Logger, options: { includeBody: boolean }): Mailer {
  return {
    send(msg) {
      const body = options.includeBody ? { text: msg.text } : {};
      log("info", "mail not sent: SMTP_URL is unset", {
        to: msg.to,
        subject: msg.subject,
        ...body,
      });
      return Promise.resolve();
    },
    close() {
      return Promise.resolve();
    },
  };
}

/** The mailer the configuration asks for; production without SMTP_URL is warned about at start. */
export function createMailer(config: Config, log: Logger): Mailer {
  if (config.SMTP_URL) return createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  if (config.isProduction) {
    log("warn", "SMTP_URL is unset: no mail is sent (password reset links are not delivered)");
  }
  return createLogMailer(log, { includeBody: config.NODE_ENV === "development" });
}
