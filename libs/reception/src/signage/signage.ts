import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiPageResponse, AppConfig, CurrentUser, NotFound, Page, PageQuery, pageOf, Principal, Public, Roles } from '@app/core';
import { ScreenBus } from '../screen/screen-bus';

const KINDS = ['video', 'image', 'announcement', 'law_update', 'neighbourhood_info', 'services_map'] as const;

export class SignageInput {
  @ApiProperty({ enum: KINDS, enumName: 'SignageKind' }) @IsIn(KINDS) kind: (typeof KINDS)[number];
  @ApiProperty({ example: { ar: 'مواقيت العمل', fr: "Horaires d'ouverture" } }) @IsObject() title: Record<string, string>;
  @ApiPropertyOptional({ example: { ar: '…', fr: '…' } }) @IsOptional() @IsObject() body?: Record<string, string>;
  @ApiPropertyOptional({ description: 'Video or image URL (same origin)' })
  @IsOptional()
  @IsString()
  @Matches(/^\/[^\s]*$|^https:\/\/[^\s]+$/, { message: 'mediaUrl must be a path or an https URL' })
  mediaUrl?: string;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(10_000) position?: number;
  @ApiPropertyOptional({ enum: ['ar', 'fr', 'en', 'all'], enumName: 'SignageLanguage' })
  @IsOptional()
  @IsIn(['ar', 'fr', 'en', 'all'])
  language?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() endsAt?: string;
}

export class SignageDto extends SignageInput {
  @ApiProperty({ format: 'uuid' }) id: string;
}

const toDto = (r: Record<string, any>): SignageDto => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  mediaUrl: r.media_url ?? undefined,
  position: r.position,
  language: r.language,
  startsAt: r.starts_at ? new Date(r.starts_at).toISOString() : undefined,
  endsAt: r.ends_at ? new Date(r.ends_at).toISOString() : undefined,
});

/** Screen content: the playlist (videos, images, announcements, law updates) and the services map. */
@Injectable()
export class SignageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: ScreenBus,
    private readonly config: AppConfig,
  ) {}

  async current(p?: Principal): Promise<SignageDto[]> {
    const rows = await this.db.query(
      `SELECT s.* FROM signage_item s JOIN annex a ON a.id = s.annex_id
        WHERE ${p?.annexId ? 'a.id = $1' : 'a.code = $1'} AND (starts_at IS NULL OR starts_at <= now()) AND (ends_at IS NULL OR ends_at > now())
        ORDER BY position, created_at`,
      [p?.annexId ?? this.config.DEFAULT_ANNEX_CODE],
    );
    return rows.map(toDto);
  }

  async save(d: SignageInput, p: Principal, id?: string): Promise<SignageDto> {
    const values = [
      d.kind,
      d.title,
      d.body ?? {},
      d.mediaUrl ?? null,
      d.position ?? 0,
      d.language ?? 'all',
      d.startsAt ?? null,
      d.endsAt ?? null,
    ];
    const [row] = id
      ? (
          await this.db.query(
            `UPDATE signage_item SET kind = $3, title = $4, body = $5, media_url = $6, position = $7, language = $8, starts_at = $9, ends_at = $10, updated_at = now()
              WHERE id = $1 AND annex_id = $2 RETURNING *`,
            [id, p.annexId, ...values],
          )
        )[0]
      : await this.db.query(
          `INSERT INTO signage_item (annex_id, kind, title, body, media_url, position, language, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [p.annexId, ...values],
        );
    if (!row) throw new NotFound('Signage item');
    await this.bus.publish({ type: 'signage.changed', annexId: p.annexId!, data: { id: row.id } });
    return toDto(row);
  }

  async remove(id: string, p: Principal): Promise<void> {
    const [, n] = await this.db.query(`DELETE FROM signage_item WHERE id = $1 AND annex_id = $2`, [id, p.annexId]);
    if (!n) throw new NotFound('Signage item');
    await this.bus.publish({ type: 'signage.changed', annexId: p.annexId!, data: { id } });
  }
}

@ApiTags('reception')
@Controller('signage')
export class SignageController {
  constructor(private readonly signage: SignageService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'What the screens show now (public)' })
  @ApiPageResponse(SignageDto)
  async list(@Query() q: PageQuery, @CurrentUser() p?: Principal): Promise<Page<SignageDto>> {
    return pageOf(await this.signage.current(p), q, (s) => s.id);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One item the screens show now (public)' })
  @ApiOkResponse({ type: SignageDto })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p?: Principal): Promise<SignageDto> {
    const item = (await this.signage.current(p)).find((s) => s.id === id);
    if (!item) throw new NotFound('Signage item');
    return item;
  }

  @Post()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a screen item' })
  @ApiCreatedResponse({ type: SignageDto })
  create(@Body() d: SignageInput, @CurrentUser() p: Principal): Promise<SignageDto> {
    return this.signage.save(d, p);
  }

  @Put(':id')
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a screen item' })
  @ApiOkResponse({ type: SignageDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() d: SignageInput, @CurrentUser() p: Principal): Promise<SignageDto> {
    return this.signage.save(d, p, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a screen item' })
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.signage.remove(id, p);
  }
}
