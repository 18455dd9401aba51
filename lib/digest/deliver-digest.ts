/**
 * Delivers a weekly digest: the HTML report, the CSV and the JSON to S3 under
 * `digests/<week>/`, then the text to the digest topic, naming where the report
 * is. Publishing comes last, so a run that failed before it (and is retried)
 * never sent a message about reports that were not written.
 */
import type { FormatOptions } from '../format/index.js';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { renderCsv, type CsvOptions } from './render-csv.js';
import { digestKeys } from './report-keys.js';
import { renderHtml } from './render-html.js';
import { digestSubject, renderText, type ReportLocation } from './render-text.js';
import type { WeeklyDigest } from './weekly-digest.js';

/** What {@link deliverDigest} needs. */
export interface DeliverOptions {
  readonly digest: WeeklyDigest;
  readonly bucket: string;
  readonly topicArn: string;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly csv?: CsvOptions;
  /** Language and time zone of the text and HTML (the CSV keeps its FOCUS columns). @default - English, UTC */
  readonly format?: FormatOptions;
}

/** What was delivered. */
export interface DeliveryReport {
  readonly week: string;
  /** `s3://` URIs of the objects written. */
  readonly html: string;
  readonly csv: string;
  readonly json: string;
  readonly messageId: string | undefined;
  readonly subject: string;
  /** Size of the published text in bytes. */
  readonly messageBytes: number;
}

/**
 * Writes the report objects, then publishes the text.
 *
 * Calls: 3 x S3 PutObject, 1 x SNS Publish.
 */
export async function deliverDigest(options: DeliverOptions): Promise<DeliveryReport> {
  const { digest, bucket } = options;
  const keys = digestKeys(digest.week);
  const uri = (key: string) => `s3://${bucket}/${key}`;
  const location: ReportLocation = { html: uri(keys.html), csv: uri(keys.csv) };
  const objects: [key: string, body: string, contentType: string][] = [
    [keys.html, renderHtml(digest, { ...options.format, report: location }), 'text/html; charset=utf-8'],
    [keys.csv, renderCsv(digest, options.csv), 'text/csv; charset=utf-8'],
    [keys.json, `${JSON.stringify(digest, null, 2)}\n`, 'application/json'],
  ];
  for (const [key, body, contentType] of objects) {
    await options.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }
  const text = renderText(digest, { ...options.format, report: location });
  const subject = digestSubject(digest);
  const published = await options.sns.send(
    new PublishCommand({
      TopicArn: options.topicArn,
      Subject: subject,
      Message: text,
      MessageAttributes: { week: { DataType: 'String', StringValue: digest.week } },
    }),
  );
  return { week: digest.week, ...location, json: uri(keys.json), messageId: published.MessageId, subject, messageBytes: Buffer.byteLength(text) };
}
