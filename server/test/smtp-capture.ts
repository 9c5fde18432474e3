import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a local port that keeps what it receives (for e-mail tests). */
export class SmtpCapture {
  readonly received: ParsedMail[] = [];
  #server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.port = (server.server.address() as { port: number }).port;
    return this.port;
  }

  /** The first mail (received or yet to come) that matches, within `timeoutMs`. */
  async waitFor(match: (mail: { to: string; subject: string; text: string }) => boolean, timeoutMs = 5000) {
    const view = (m: ParsedMail) => ({
      to: JSON.stringify(m.to ?? ''),
      subject: m.subject ?? '',
      text: m.text ?? '',
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.map(view).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching mail among ${this.received.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
