import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyDto } from './api-key.dto';

/** A newly issued key: the only time the key is ever shown. */
export class IssuedKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'ak_live_Xy3Q0v2b7cT9mFq1Jr8sLw4kPz6uHn5eDa0gBc1YtRo',
    description: 'Send as `Authorization: ApiKey <apiKey>`. Shown once; store it now.',
  })
  apiKey: string;
}
