import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnnexesController } from './annexes/annexes.controller';
import { AnnexesService } from './annexes/annexes.service';
import { AuthController } from './auth/auth.controller';
import { LoginThrottle } from './auth/login-throttle';
import { AuthService } from './auth/auth.service';
import { SecondFactor } from './auth/second-factor';
import { TokenService } from './auth/token.service';
import { Annex } from './entities/annex.entity';
import { Citizen } from './entities/citizen.entity';
import { Counter } from './entities/counter.entity';
import { Neighbourhood } from './entities/neighbourhood.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { Staff } from './entities/staff.entity';
import { DependentsService } from './family/dependents.service';
import { FamilyController } from './family/family.controller';
import { MandatesService } from './family/mandates.service';
import { DataExportService } from './privacy/data-export.service';
import { PrivacyController } from './privacy/privacy.controller';
import { PrivacyService } from './privacy/privacy.service';
import { RetentionService } from './privacy/retention.service';
import { MeService } from './me.service';
import { CitizensService } from './register/citizens.service';
import { OneTimeCodes } from './register/one-time-codes';
import { CitizensController, ReferenceController, StaffController } from './register/register.controllers';
import { RegistrationService } from './register/registration.service';
import { StaffService } from './register/staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([Annex, Neighbourhood, Citizen, Staff, Counter, RefreshToken])],
  controllers: [
    AuthController,
    CitizensController,
    StaffController,
    ReferenceController,
    PrivacyController,
    AnnexesController,
    FamilyController,
  ],
  providers: [
    AnnexesService,
    AuthService,
    TokenService,
    LoginThrottle,
    SecondFactor,
    MeService,
    OneTimeCodes,
    CitizensService,
    RegistrationService,
    StaffService,
    PrivacyService,
    DataExportService,
    RetentionService,
    DependentsService,
    MandatesService,
  ],
  // The services behind the API's one /me controller (apps/api/src/me.controller.ts) too.
  exports: [
    TypeOrmModule,
    TokenService,
    OneTimeCodes,
    MeService,
    CitizensService,
    SecondFactor,
    DependentsService,
    MandatesService,
    PrivacyService,
    DataExportService,
  ],
})
export class AccountsModule {}
