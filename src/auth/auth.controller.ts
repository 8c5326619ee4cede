import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, LoginDto, MeView, RefreshDto, TokensView } from './dto/auth.dto.js';
import { CurrentPrincipal, type Principal } from './principal.js';
import { Public, ROLES, Roles } from './roles.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokensView })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password (same answer, same time)' })
  @ApiTooManyRequestsResponse({
    description: 'Too many failures for this account or address; see Retry-After',
  })
  login(@Body() body: LoginDto, @Ip() ip: string) {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokensView, description: 'A new pair; the refresh token given is spent' })
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the person ends' })
  logout(@CurrentPrincipal() principal: Principal, @Ip() ip: string) {
    return this.auth.logout(principal, ip);
  }

  @Post('password')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every session ends' })
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Ip() ip: string,
  ) {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, ip);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOkResponse({ type: MeView })
  me(@CurrentPrincipal() principal: Principal) {
    return this.auth.me(principal);
  }
}
