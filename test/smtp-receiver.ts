// A real SMTP server on 127.0.0.1 for alert email tests: accepts one login and records every message.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

type ReceivedMail = {
  from: string;
  to: string[];
  /** The message as sent. */
  data: string;
  /** The message as a person reads it: header lines unfolded, a quoted-printable body decoded. */
  text: string;
};

function readable(data: string): string {
  const split = data.indexOf("\r\n\r\n");
  const head = data.slice(0, split).replace(/\r\n(?=[ \t])/g, "");
  const body = data.slice(split + 4);
  if (!/^Content-Transfer-Encoding: quoted-printable$/im.test(head)) return `${head}\r\n\r\n${body}`;
  const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return `${head}\r\n\r\n${Buffer.from(bytes, "latin1").toString("utf8")}`;
}

export async function startSmtpReceiver(login = { user: "alerts", pass: "smtp-test-password" }) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.pass) return callback(null, { user: auth.username });
      callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const data = Buffer.concat(chunks).toString("utf8");
        received.push({ from, to: session.envelope.rcptTo.map((recipient) => recipient.address), data, text: readable(data) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${login.user}:${login.pass}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
