/**
 * The S3 backup target (AWS S3 or any S3-compatible server) through the AWS SDK v2: {@link
 * io.gatevault.storage.s3.S3BackupStore} and its settings {@link
 * io.gatevault.storage.s3.S3TargetSettings} ({@code gatevault.storage.targets[i].s3}).
 */
package io.gatevault.storage.s3;
