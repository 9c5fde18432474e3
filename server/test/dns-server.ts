import { createServer, Packet, type DnsServer } from 'dns2';

/**
 * A real DNS server on 127.0.0.1 (UDP, any free port), answering from a table the test changes
 * between two requests: what a name resolves to at registration need not be what it resolves
 * to at delivery. The server points at it through TSUNAGU_DNS_SERVERS (`serverAddress`). Every
 * question is recorded, so a test can count how often a name was resolved.
 */
export class TestDnsServer {
  readonly questions: { name: string; type: 'A' | 'AAAA' | 'other' }[] = [];
  readonly #records = new Map<string, string[]>();
  #server: DnsServer | null = null;
  serverAddress = '';

  /** The answer for `name` from now on: IPv4 addresses as A records, IPv6 as AAAA; none is NXDOMAIN. */
  answer(name: string, addresses: string[]): void {
    this.#records.set(name.toLowerCase(), addresses);
  }

  /** How many times `name` was asked for (of `type`). */
  asked(name: string, type: 'A' | 'AAAA' = 'A'): number {
    return this.questions.filter((q) => q.name === name && q.type === type).length;
  }

  async start(): Promise<string> {
    this.#server = createServer({
      udp: true,
      handle: (request, send) => {
        const [question] = request.questions;
        if (!question) return void send(Packet.createErrorResponseFromRequest(request, Packet.RCODE.FORMERR));
        const name = question.name.toLowerCase();
        const type =
          question.type === Packet.TYPE.A ? 'A' : question.type === Packet.TYPE.AAAA ? 'AAAA' : 'other';
        this.questions.push({ name, type });
        const addresses = this.#records.get(name);
        if (!addresses)
          return void send(Packet.createErrorResponseFromRequest(request, Packet.RCODE.NXDOMAIN));
        const response = Packet.createResponseFromRequest(request);
        for (const address of addresses) {
          const isV6 = address.includes(':');
          if ((type === 'A' && !isV6) || (type === 'AAAA' && isV6))
            response.answers.push(
              Packet.createResourceFromQuestion(question, {
                type: isV6 ? Packet.TYPE.AAAA : Packet.TYPE.A,
                class: Packet.CLASS.IN,
                // Nothing may be cached: the next question gets the table as it is then.
                ttl: 0,
                address,
              }),
            );
        }
        void send(response);
      },
    });
    const addresses = await this.#server.listen({ udp: { port: 0, address: '127.0.0.1' } });
    this.serverAddress = `127.0.0.1:${addresses.udp!.port}`;
    return this.serverAddress;
  }

  async stop(): Promise<void> {
    await this.#server?.close();
  }
}
