import { CONFIG } from '@cs/service-kit';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { type Mail, MailSender } from '../application/mail-sender.js';
import type { CareConfig } from '../care.config.js';

/** Email through the shop's SMTP server (nodemailer, pooled connections). */
@Injectable()
export class SmtpMailSender extends MailSender implements OnModuleDestroy {
  private readonly transport;

  constructor(@Inject(CONFIG) private readonly config: CareConfig) {
    super();
    this.transport = nodemailer.createTransport({
      url: config.careSmtpUrl,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.careMailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.messageId}@care.cs>`,
      list: mail.optOutLink ? { unsubscribe: mail.optOutLink } : undefined,
    });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
