import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ description: '`{"status":"ok","database":"up","migrations":"applied"}`' })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable or migrations pending' })
  async check() {
    let pending: boolean;
    try {
      pending = await this.dataSource.showMigrations();
    } catch {
      throw new DomainError('unavailable', 'database unreachable');
    }
    if (pending) throw new DomainError('unavailable', 'migrations pending');
    return { status: 'ok', database: 'up', migrations: 'applied' };
  }
}
