import { ApiProperty } from '@nestjs/swagger';

export class FileUploadResponse {
  @ApiProperty({ description: 'Pass as `params.input_uri` when creating a job.' }) uri!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'Hex SHA-256 of the stored bytes.' }) sha256!: string;
}
