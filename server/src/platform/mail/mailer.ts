import nodemailer, { type Transporter } from 'nodemailer';

/** One e-mail. Bodies are plain text; e-mails about notifications never carry personal data. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Stable per delivery step, so a receiver (or a mail system) can drop a repeat. */
  messageId: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
}

/** SMTP through nodemailer; `smtp://user:pass@host:port` (or smtps://). Without a URL, e-mail is off. */
export function createMailer(smtpUrl: string | null, from: string): Mailer {
  if (!smtpUrl) {
    return {
      enabled: false,
      async send() {
        throw new Error('e-mail is not configured (TSUNAGU_SMTP_URL)');
      },
    };
  }
  const transport: Transporter = nodemailer.createTransport(smtpUrl, { from });
  return {
    enabled: true,
    async send(m) {
      await transport.sendMail({
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: m.messageId,
        headers: { 'X-Tsunagu-Delivery': m.messageId },
        ...(m.attachments ? { attachments: m.attachments } : {}),
      });
    },
  };
}
